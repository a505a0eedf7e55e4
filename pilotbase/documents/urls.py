from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "documents"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<slug:name>.xlsx", views.export_download, name="export_download"),
    path("dossier/<int:pk>.pdf", views.dossier_download, name="dossier"),
    path("notice/<int:pk>.<fmt:fmt>", views.public_notice_download, name="public_notice"),
    path("<slug:kind>/<int:pk>.<fmt:fmt>", views.document_download, name="document"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path("templates/<slug:kind>/sample.<fmt:fmt>", views.template_preview, name="template_preview"),
]
