from django.urls import path

from fair.studio import views, views_moderation, views_onboarding

app_name = "studio"
urlpatterns = [
    path("", views.studio_home, name="home"),
    path("onboarding/", views_onboarding.onboarding_home, name="onboarding"),
    path("onboarding/import/", views_onboarding.onboarding_import, name="onboarding_import"),
    path("onboarding/template.csv", views_onboarding.onboarding_template, name="onboarding_template"),
    path("moderation/", views_moderation.moderation_home, name="moderation"),
    path("moderation/messages/<int:message_id>/hide/", views_moderation.message_hide, name="message_hide"),
    path("moderation/messages/<int:message_id>/unhide/", views_moderation.message_unhide, name="message_unhide"),
    path("moderation/messages/<int:message_id>/mute/", views_moderation.visitor_mute, name="visitor_mute"),
    path("moderation/mutes/<int:mute_id>/lift/", views_moderation.visitor_unmute, name="visitor_unmute"),
]
