"""Input for the activity log (quick on a phone: the defaults come from the day's schedule and
the kind of work), support referrals, the school's acknowledgement and lesson outlines."""

from __future__ import annotations

from typing import Any

from django import forms

from sro.activity.facts import DEFAULT_MINUTES
from sro.activity.models import CLAUSE_CHOICES, Activity, LessonOutline, SupportReferral
from sro.core.forms import DateInput, Form, ModelForm, MonthField, limit_choices
from sro.roster.models import Officer
from sro.rules.activity import KINDS
from sro.schools.models import School

TEXTAREA = forms.Textarea(attrs={"rows": 3})
REFERRAL_KIND = "support_referral"


class KindTiles(forms.RadioSelect):
    """The kinds of work as large radio tiles; kinds the officer may not log are shown disabled
    (the page says why)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disabled_values: set[str] = set()

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "usa-radio__input usa-radio__input--tile"
        if option["value"] in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _usual_lengths() -> str:
    return ", ".join(
        f"{KINDS[k].label.lower()} {m}" for k, m in DEFAULT_MINUTES.items() if k != REFERRAL_KIND
    )


class ActivityForm(ModelForm):
    """One activity. Left empty, the clause is the one proposed for the kind and the length the
    usual one; the school and date come from the officer's schedule for today."""

    clause = forms.TypedChoiceField(
        label="Duty served",
        choices=[("", "As proposed for what you did"), *CLAUSE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The clause of Minn. Stat. 626.8482, subd. 2(a). Change it only when the work "
        "served another duty.",
    )
    minutes = forms.IntegerField(
        label="How long (minutes)",
        required=False,
        min_value=1,
        max_value=720,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Activity
        fields = [
            "officer",
            "kind",
            "students",
            "school",
            "on",
            "start_time",
            "minutes",
            "clause",
            "topic",
            "grade",
            "lesson",
            "materials",
            "notes",
        ]
        widgets = {
            "kind": KindTiles(),
            "on": DateInput(),
            "start_time": TimeInput(),
            "students": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "notes": TEXTAREA,
        }
        labels = {"topic": "Topic of the class", "grade": "Grade taught"}
        help_texts = {"materials": "Handouts, slides or videos used."}

    def __init__(
        self,
        *args: Any,
        officers: Any,
        schools: Any,
        lessons: Any,
        restricted_kinds: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "officer", officers)
        limit_choices(self, "school", schools)
        limit_choices(self, "lesson", lessons)
        kind = self.fields["kind"]
        editing_referral = self.instance.pk and self.instance.kind == REFERRAL_KIND
        # No empty tile; referrals have their own form (it protects the student's name).
        left_out = {""} if editing_referral else {"", REFERRAL_KIND}
        kind.choices = [c for c in kind.choices if c[0] not in left_out]  # type: ignore[attr-defined]
        kind.widget.disabled_values = set(restricted_kinds)
        self.fields[
            "minutes"
        ].help_text = f"Leave empty for the usual length in minutes: {_usual_lengths()}."
        self.fields["school"].empty_label = "Away from a school"  # type: ignore[attr-defined]
        if officers.count() == 1:
            self.fields["officer"].initial = officers.first()
            self.fields["officer"].widget = forms.HiddenInput()

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        if kind in self.fields["kind"].widget.disabled_values:
            raise forms.ValidationError(
                "Your training standing does not allow this as your own work (see above)."
            )
        return kind

    @property
    def class_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("topic", "grade", "lesson", "materials")]

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("school", "on", "start_time", "minutes", "clause", "notes")]


class ReferralActivityForm(ModelForm):
    """The when and where of a referral: the activity part."""

    minutes = forms.IntegerField(
        label="How long (minutes)",
        required=False,
        min_value=1,
        max_value=720,
        help_text=f"Leave empty for {DEFAULT_MINUTES[REFERRAL_KIND]} minutes.",
    )

    class Meta:
        model = Activity
        fields = ["officer", "school", "on", "start_time", "minutes"]
        widgets = {"on": DateInput(), "start_time": TimeInput()}
        labels = {"school": "Student's school"}
        help_texts = {"school": "The school's administrators acknowledge the referral."}

    def __init__(self, *args: Any, officers: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "officer", officers)
        limit_choices(self, "school", schools)
        self.fields["school"].required = True
        if officers.count() == 1:
            self.fields["officer"].initial = officers.first()
            self.fields["officer"].widget = forms.HiddenInput()


class ReferralForm(ModelForm):
    class Meta:
        model = SupportReferral
        fields = [
            "first_name",
            "last_name",
            "grade",
            "service",
            "provider",
            "reason",
            "instead_of_justice",
        ]
        widgets = {"reason": TEXTAREA}


class AcknowledgeForm(Form):
    note = forms.CharField(
        label="Note for the SRO (optional)",
        required=False,
        max_length=2000,
        widget=TEXTAREA,
        help_text="For example who at the school will follow up. Do not repeat the reason.",
    )


class LessonForm(ModelForm):
    class Meta:
        model = LessonOutline
        fields = [
            "title",
            "grades",
            "minutes",
            "summary",
            "objectives",
            "outline",
            "materials",
            "source",
            "active",
        ]
        widgets = {
            "objectives": TEXTAREA,
            "outline": forms.Textarea(attrs={"rows": 8}),
            "materials": TEXTAREA,
        }


class FigureFilter(Form):
    month = MonthField(required=False)
    officer = forms.ModelChoiceField(
        queryset=Officer.objects.none(), required=False, empty_label="All officers"
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, empty_label="All schools"
    )

    def __init__(self, *args: Any, officers: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "officer", officers)
        limit_choices(self, "school", schools)
        if not officers.exists():
            del self.fields["officer"]
