"""Pages for contracts: the contract with its required contents checklist and verdict, its
history, signed documents with the clause finder's proposals."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.contracts import access, queries, reading, services
from sro.contracts.finder import propose
from sro.contracts.forms import (
    ContractChangeForm,
    ContractForm,
    DecisionForm,
    DocumentForm,
    ItemForm,
)
from sro.contracts.models import Contract
from sro.core import filecheck
from sro.core.downloads import serve_upload
from sro.core.views import (
    DetailPage,
    FormPage,
    ListPage,
    can_write,
    form_status,
    may_write,
    save_guarded,
)
from sro.rules.contracts import BY_ID


class ContractList(ListPage):
    template_name = "contracts/contract_list.html"
    resource = "contract"

    list_for_user = access.contracts_for_user

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = type(self).list_for_user(request.user).prefetch_related("items")
        page = Paginator(qs, self.per_page).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "page": page,
                "objects": page.object_list,
                "rows": queries.with_verdicts(page.object_list),
                "can_create": can_write(request.user, self.resource),
            },
        )


class ContractDetail(DetailPage):
    template_name = "contracts/contract_detail.html"
    get_for_user = access.get_contract_for_user
    resource = "contract"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        from sro.accounts.permissions import can_list
        from sro.accounts.principal import principal_for

        return {
            **queries.contract_page(obj),
            "can_report": can_list(principal_for(request.user), "report"),
        }


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


@login_required
def item_edit(request: HttpRequest, pk: uuid.UUID, item: str) -> HttpResponse:
    """Record whether the contract covers one required item, and where."""
    required = BY_ID.get(item)
    if required is None:
        raise Http404("No such item.")
    contract = access.get_contract_for_user(request.user, pk, write=True)
    row = contract.items.filter(item=item).first()
    conflict = None
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def save() -> bool:
                if data["status"] == "unreviewed":
                    services.clear_item(contract, item, actor=request.user)
                else:
                    services.set_item(
                        contract,
                        item,
                        actor=request.user,
                        status=data["status"],
                        section=data["section"].strip(),
                        note=data["note"],
                    )
                return True

            done, shown, conflict = save_guarded(request, row, save, ItemForm)
            if done:
                messages.success(request, f"Saved: {required.title}.")
                return redirect(f"{contract.get_absolute_url()}#item-{item}")
            form = shown
    else:
        initial = (
            {"status": row.status, "section": row.section, "note": row.note}
            if row
            else {"status": "unreviewed"}
        )
        form = ItemForm(initial=initial)
    return render(
        request,
        "contracts/item_form.html",
        {
            "form": form,
            "contract": contract,
            "required": required,
            "row": row,
            "conflict": conflict,
        },
        status=form_status(request, conflict),
    )


@login_required
def change_create(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Record a renewal or an amendment: the contract takes its term; history keeps the rest."""
    contract = access.get_contract_for_user(request.user, pk, write=True)
    form = ContractChangeForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        change = services.record_change(form.save(commit=False), actor=request.user)
        messages.success(request, f"Recorded the {change.get_kind_display().lower()}.")
        return redirect(f"{contract.get_absolute_url()}#history")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"Renewal or amendment: {contract.title}",
            "noun": "change",
            "cancel_url": contract.get_absolute_url(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def document_upload(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Upload a signed document; the clause finder proposes passages for each item. Reading
    the text takes one of the person's and the agency's reading slots (`reading`)."""
    contract = access.get_contract_for_user(request.user, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            with reading.reading_slot(agency_id=contract.agency_id, user_id=request.user.pk):
                valid = form.is_valid()  # reads the file's text
                found = propose(form.extracted) if valid else None
        except reading.Busy as busy:
            # Nothing was read: the form is shown again empty, not checked (that would read it).
            context = {"form": DocumentForm(), "contract": contract, "busy": str(busy)}
            response = render(request, "contracts/document_upload.html", context, status=429)
            response["Retry-After"] = "5"
            return response
        if valid and found is not None:
            upload = form.cleaned_data["file"]
            extracted = form.extracted
            document = services.add_document(
                contract,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                name=upload.name,
                content=form.content,
                text=extracted.text,
                pages=len(extracted.pages),
                proposals=[
                    (item, p.rank, p.score, p.excerpt, p.location)
                    for item, proposals in found.items()
                    for p in proposals
                ],
            )
            messages.success(
                request,
                f"Uploaded {document.original_name}. Confirm or reject each proposed passage: "
                "nothing is marked present until you do.",
            )
            return redirect("contracts:document", pk=document.pk)
    return render(
        request,
        "contracts/document_upload.html",
        {"form": form, "contract": contract},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def document(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    document = access.get_document_for_user(request.user, pk)
    context = queries.document_page(document)
    context["can_edit"] = may_write(request.user, pk, access.get_document_for_user)
    return render(request, "contracts/document.html", context)


@login_required
def document_file(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    document = access.get_document_for_user(request.user, pk)
    return serve_upload(
        document.file,
        name=document.original_name,
        fallback="contract",
        expected=(filecheck.PDF, filecheck.DOCX),
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    back = f"{reverse('contracts:document', args=[proposal.document_id])}#item-{proposal.item}"
    if not form.is_valid():
        messages.error(request, "Choose Confirm or Reject for the passage.")
        return redirect(back)
    confirm = form.cleaned_data["decision"] == "confirm"
    services.decide_proposal(
        proposal, actor=request.user, confirm=confirm, note=form.cleaned_data["note"]
    )
    title = BY_ID[proposal.item].title if proposal.item in BY_ID else proposal.item
    if confirm:
        messages.success(request, f"Confirmed: {title}, at {proposal.location}.")
    else:
        messages.success(request, f"Rejected the passage at {proposal.location} for {title}.")
    return redirect(back)
