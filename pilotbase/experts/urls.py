from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="expert_list"),
    path("import/", views.expert_import, name="expert_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.expert_detail, name="expert_detail"),
    path("<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("<int:pk>/affiliations/", views.affiliation_add, name="affiliation_add"),
    path("affiliations/<int:pk>/remove/", views.affiliation_remove, name="affiliation_remove"),
    path("<int:pk>/unavailability/", views.unavailability_add, name="unavailability_add"),
    path("<int:pk>/unavailability/remove/", views.unavailability_remove, name="unavailability_remove"),
    path("<int:pk>/active/", views.expert_active, name="expert_active"),
    path("<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("conflicts/<int:pk>/clear/", views.conflict_clear, name="conflict_clear"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/adjust/", views.round_adjust, name="round_adjust"),
    path("rounds/<int:pk>/save/", views.round_save, name="round_save"),
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("workspace/", views.workspace, name="workspace"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/respond/", views.assignment_respond, name="assignment_respond"),
    path("assignments/<int:pk>/review/", views.assignment_review, name="assignment_review"),
    path(
        "assignments/<int:pk>/materials/<int:material>/",
        views.assignment_material,
        name="assignment_material",
    ),
]
