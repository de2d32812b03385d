from django.urls import path

from fair.search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("suggest/", views.search_suggest, name="suggest"),
]
