from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportCentreView.as_view(), name="index"),
    path("audit-pack/", views.AuditPackView.as_view(), name="audit_pack"),
    path("audit-pack.pdf", views.AuditPackFileView.as_view(kind="pdf"), name="audit_pack_pdf"),
    path("audit-pack.zip", views.AuditPackFileView.as_view(kind="zip"), name="audit_pack_zip"),
    path("audit-pack/prepare/", views.AuditPackPrepareView.as_view(), name="audit_pack_prepare"),
    path("organisation/", views.OrganisationProfileView.as_view(), name="organisation"),
    path("as-of/", views.AsOfView.as_view(), name="as_of"),
    path("exports/<slug:register>.<slug:fmt>", views.ExportView.as_view(), name="export"),
    path("downloads/", views.DownloadsView.as_view(), name="downloads"),
    path("downloads/<int:pk>/", views.JobDownloadView.as_view(), name="download"),
    path("auditors/", views.AuditorAccountsView.as_view(), name="auditor_accounts"),
]
