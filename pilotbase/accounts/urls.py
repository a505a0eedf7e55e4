from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/totp/", views.enable_totp, name="enable_totp"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/<slug:action>/", views.user_action, name="user_action"),
    path("units/", views.units, name="units"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
]
