from django.urls import path

from jixiao.web.library import views

app_name = "library"
urlpatterns = [path("library/", views.library_page, name="page")]
