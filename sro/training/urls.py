from django.urls import path

from sro.training import views

app_name = "training"
urlpatterns = [
    path("training/", views.compliance, name="compliance"),
    path("training/export.csv", views.compliance_csv, name="compliance_csv"),
    path("training/export.pdf", views.compliance_pdf, name="compliance_pdf"),
    path("training/me/", views.my_training, name="mine"),
    path("training/import/", views.import_records, name="import"),
    path("training/officers/<uuid:pk>/", views.officer_training, name="officer"),
    path(
        "training/officers/<uuid:officer_pk>/courses/new/",
        views.add_completion,
        name="completion_create",
    ),
    path("training/courses/<uuid:pk>/certificate/", views.certificate, name="certificate"),
    path(
        "training/courses/<uuid:pk>/certificate/upload/",
        views.upload_certificate,
        name="certificate_upload",
    ),
    path("policy/", views.policy, name="policy"),
    path("policy/versions/", views.policy_versions, name="policy_versions"),
    path("policy/versions/new/", views.PolicyVersionCreate.as_view(), name="policy_version_create"),
    path("policy/versions/<uuid:pk>/", views.policy_version, name="policy_version"),
    path("policy/versions/<uuid:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
