from django.urls import path

from localities import views

urlpatterns = [
    path("allocation/", views.allocation_queue_view, name="allocation-queue"),
    path("caseloads/", views.caseloads_view, name="caseloads"),
    path("cases/<int:pk>/allocate/", views.allocate_view, name="case-allocate"),
    path("cases/<int:pk>/reallocate/", views.reallocate_view, name="case-reallocate"),
    path("cases/<int:pk>/transfer/", views.transfer_view, name="case-transfer"),
    path("families/<int:pk>/locality/", views.family_locality_view, name="family-locality"),
]
