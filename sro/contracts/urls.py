from django.urls import path

from sro.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.ContractList.as_view(), name="contract_list"),
    path("contracts/new/", views.ContractEdit.as_view(), name="contract_create"),
    path("contracts/<uuid:pk>/", views.ContractDetail.as_view(), name="contract"),
    path("contracts/<uuid:pk>/edit/", views.ContractEdit.as_view(), name="contract_edit"),
]
