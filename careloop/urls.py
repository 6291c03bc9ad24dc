from django.urls import include, path

from careloop.api.urls import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("careloop.console.urls")),
]
