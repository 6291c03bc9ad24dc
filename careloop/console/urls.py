from django.urls import path

from careloop.console.views import audit, auth, directory, home, patients, users

app_name = "console"
urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.login, name="login"),
    path("login/verify/", auth.otp, name="otp"),
    path("login/enrol/", auth.otp_enrol, name="otp_enrol"),
    path("logout/", auth.logout, name="logout"),
    path("patients/", patients.search, name="patients"),
    path("patients/<int:person_id>/", patients.detail, name="patient_detail"),
    path("patients/<int:person_id>/timeline/", patients.timeline, name="patient_timeline"),
    path("patients/<int:person_id>/lists/add/", patients.list_add, name="patient_list_add"),
    path("patients/<int:person_id>/lists/remove/", patients.list_remove,
         name="patient_list_remove"),
    path("patients/<int:person_id>/consents/", patients.consent, name="patient_consent"),
    path("audit/", audit.audit_log, name="audit"),
    path("audit/verify/", audit.verify, name="audit_verify"),
    path("users/", users.users, name="users"),
    path("users/new/", users.create_user, name="user_create"),
    path("users/<int:user_id>/role/", users.set_role, name="user_role"),
    path("users/<int:user_id>/token/", users.issue_token, name="user_token"),
]

# The directory pages (locations, providers) live in their own module.
urlpatterns += directory.urlpatterns
