from django.urls import path

from booths.editor import views as editor

app_name = "editor"
urlpatterns = [
    path("", editor.producer_console, name="console"),
    path("booths/<slug:booth_slug>/", editor.booth_edit, name="booth"),
    path("booths/<slug:booth_slug>/products/new/", editor.product_new, name="product_new"),
    path("booths/<slug:booth_slug>/tour/", editor.tour_edit, name="tour"),
    path("booths/<slug:booth_slug>/qr.svg", editor.booth_qr, name="booth_qr"),
    path("products/<slug:product_slug>/", editor.product_edit, name="product"),
    path("products/<slug:product_slug>/diary/", editor.diary_add, name="diary_add"),
    path("products/<slug:product_slug>/qr.svg", editor.product_qr, name="product_qr"),
    path("products/<slug:product_slug>/label/", editor.product_label, name="product_label"),
    path("steps/<int:pk>/", editor.step_edit, name="step"),
    path("delete/<str:kind>/<int:pk>/", editor.item_delete, name="delete"),
    path("uploads/", editor.upload_start, name="upload_start"),
    path("uploads/<str:upload_id>/", editor.upload_detail, name="upload"),
    path("uploads/<str:upload_id>/retry/", editor.upload_retry, name="upload_retry"),
]
