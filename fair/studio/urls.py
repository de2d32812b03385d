from django.urls import path

from fair.studio import views, views_floorplan, views_halls, views_moderation, views_onboarding, views_schedule

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
    # Fairs and halls (views_halls)
    path("fairs/new/", views_halls.fair_new, name="fair_new"),
    path("fairs/<slug:fair_slug>/", views_halls.fair_edit, name="fair"),
    path("fairs/<slug:fair_slug>/status/", views_halls.fair_status, name="fair_status"),
    path("fairs/<slug:fair_slug>/halls/new/", views_halls.hall_new, name="hall_new"),
    path("halls/<int:hall_id>/", views_halls.hall_edit, name="hall"),
    path("halls/<int:hall_id>/publish/", views_halls.hall_publish, name="hall_publish"),
    path("halls/<int:hall_id>/booths/", views_halls.hall_booths_add, name="hall_booths_add"),
    path("halls/<int:hall_id>/booths/<int:booth_id>/remove/", views_halls.hall_booth_remove, name="hall_booth_remove"),
    # The floor plan editor (views_floorplan)
    path("halls/<int:hall_id>/plan/", views_floorplan.plan, name="plan"),
    path("halls/<int:hall_id>/plan/save/", views_floorplan.plan_save, name="plan_save"),
    path("halls/<int:hall_id>/plan/arrange/", views_floorplan.plan_arrange, name="plan_arrange"),
    path("halls/<int:hall_id>/plan/restore/", views_floorplan.plan_restore, name="plan_restore"),
    # The schedule (views_schedule)
    path("fairs/<slug:fair_slug>/schedule/", views_schedule.schedule, name="schedule"),
    path("fairs/<slug:fair_slug>/schedule/new/", views_schedule.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views_schedule.session_edit, name="session"),
    path("sessions/<int:session_id>/delete/", views_schedule.session_delete, name="session_delete"),
]
