"""Pages for contracts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sro.contracts import access, services
from sro.contracts.forms import ContractForm
from sro.contracts.models import Contract
from sro.core.views import DetailPage, FormPage, ListPage


class ContractList(ListPage):
    template_name = "contracts/contract_list.html"
    list_for_user = access.contracts_for_user
    resource = "contract"


class ContractDetail(DetailPage):
    template_name = "contracts/contract_detail.html"
    get_for_user = access.get_contract_for_user
    resource = "contract"


class ContractEdit(FormPage):
    form_class = ContractForm
    resource = "contract"
    get_for_user = access.get_contract_for_user
    noun = "contract"
    list_url_name = "contracts:contract_list"

    def save(self, request: HttpRequest, form: Any) -> Contract:
        contract = form.save(commit=False)
        return services.save_contract(
            contract, actor=request.user, schools=form.cleaned_data["schools"]
        )
