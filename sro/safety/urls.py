"""School safety pages (policy 436.3): the audit walk and its report, the checklist, drills,
safety plans and event security."""

from sro.safety.audit_urls import urlpatterns as audit_urlpatterns
from sro.safety.school_urls import urlpatterns as school_urlpatterns

app_name = "safety"
urlpatterns = [*school_urlpatterns, *audit_urlpatterns]
