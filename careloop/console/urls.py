from django.urls import path

from careloop.console.views import home

app_name = "console"
urlpatterns = [path("", home.home, name="home")]
