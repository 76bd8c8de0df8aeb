from django.urls import path

from sro.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.ContractList.as_view(), name="contract_list"),
    path("contracts/new/", views.ContractEdit.as_view(), name="contract_create"),
    path("contracts/<uuid:pk>/", views.ContractDetail.as_view(), name="contract"),
    path("contracts/<uuid:pk>/edit/", views.ContractEdit.as_view(), name="contract_edit"),
    path("contracts/<uuid:pk>/items/<slug:item>/", views.item_edit, name="item_edit"),
    path("contracts/<uuid:pk>/changes/new/", views.change_create, name="change_create"),
    path("contracts/<uuid:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("contracts/documents/<uuid:pk>/", views.document, name="document"),
    path("contracts/documents/<uuid:pk>/file/", views.document_file, name="document_file"),
    path("contracts/proposals/<uuid:pk>/decide/", views.decide, name="decide"),
]
