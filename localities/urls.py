from django.urls import path

from localities import views

urlpatterns = [
    path("allocation/", views.allocation_queue_view, name="allocation-queue"),
    path("cases/<int:pk>/allocate/", views.allocate_view, name="case-allocate"),
]
