"""Chamber staff's views on artisans, mounted at /boutique/dashboard/artisans/."""

from django.urls import path

from . import views

app_name = "vendors-dashboard"

urlpatterns = [
    path(
        "applications/",
        views.ApplicationListView.as_view(),
        name="application-list",
    ),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "applications/<int:pk>/approve/",
        views.ApplicationApproveView.as_view(),
        name="application-approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views.ApplicationRejectView.as_view(),
        name="application-reject",
    ),
    path("shops/", views.VendorListView.as_view(), name="vendor-list"),
    path("shops/<int:pk>/", views.VendorDetailView.as_view(), name="vendor-detail"),
    path(
        "shops/<int:pk>/suspend/",
        views.VendorSuspendView.as_view(),
        name="vendor-suspend",
    ),
    path(
        "shops/<int:pk>/reactivate/",
        views.VendorReactivateView.as_view(),
        name="vendor-reactivate",
    ),
    path(
        "commandes/<str:number>/",
        views.VendorOrderDetailView.as_view(),
        name="vendor-order-detail",
    ),
    path(
        "commandes/<str:number>/etape/<slug:action>/",
        views.VendorOrderStepView.as_view(),
        name="vendor-order-step",
    ),
    path(
        "commissions/",
        views.CommissionReportView.as_view(),
        name="commission-report",
    ),
]
