from django.urls import path

from jixiao.web.accounts import first_admin, views

urlpatterns = [
    path("first-admin/", first_admin.first_admin, name="first_admin"),
    path("account/", views.account, name="account"),
    path("account/display-unit/", views.display_unit, name="display_unit"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
