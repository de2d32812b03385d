from django.urls import path

from booths.editor import accounts

app_name = "accounts"
urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", accounts.SignOutView.as_view(), name="logout"),
    path("invite/<str:token>/", accounts.invite_accept, name="invite"),
    path("request/", accounts.access_request, name="request"),
]
