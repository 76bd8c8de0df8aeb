"""The SRO's daily work: the activity log, time by duty, referrals to support, lesson outlines."""

from django.urls import path

from sro.activity import lesson_views, referral_views, views

app_name = "activity"
urlpatterns = [
    path("activity/", views.activity_list, name="list"),
    path("activity/log/", views.activity_new, name="new"),
    path("activity/time-by-duty/", views.time_by_duty, name="time_by_duty"),
    path("activity/<uuid:pk>/", views.activity_detail, name="detail"),
    path("activity/<uuid:pk>/edit/", views.activity_edit, name="edit"),
    path("activity/<uuid:pk>/remove/", views.activity_remove, name="remove"),
    path("activity/referrals/", referral_views.referral_list, name="referral_list"),
    path("activity/referrals/new/", referral_views.referral_new, name="referral_new"),
    path("activity/referrals/<uuid:pk>/", referral_views.referral_detail, name="referral"),
    path(
        "activity/referrals/<uuid:pk>/acknowledge/",
        referral_views.referral_acknowledge,
        name="referral_acknowledge",
    ),
    path("activity/lessons/", lesson_views.lesson_list, name="lesson_list"),
    path("activity/lessons/new/", lesson_views.lesson_new, name="lesson_new"),
    path("activity/lessons/<uuid:pk>/", lesson_views.lesson_detail, name="lesson"),
    path("activity/lessons/<uuid:pk>/edit/", lesson_views.lesson_edit, name="lesson_edit"),
]
