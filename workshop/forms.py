"""Forms for coaches. Validation lives here, not in the views."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from .services.aggregates import MIN_K
from .services.languages import DEFAULT, LANGUAGES, N_
from .services.plans.model import TIMING_DAYS
from .services.promises import RETENTION_DAYS
from .text import clean_line, clean_text

MIN_PASSWORD = 10
# How the coach's form names each timing of an action (TIMING_DAYS).
TIMING_LABELS = {
    "today": N_("Today"),
    "this week": N_("This week"),
    "within 2 weeks": N_("Within 2 weeks"),
    "within a month": N_("Within a month"),
}
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
FEWEST_DAYS, MOST_DAYS = RETENTION_DAYS
SERIES_LENGTH = 60  # models.Workshop.series


def strip_line(value):
    return clean_line(value) if isinstance(value, str) else value


def strip_text(value):
    return clean_text(value) if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)], filters=[strip_line])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class CoachForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)], filters=[strip_line])
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Regexp(EMAIL, message=_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        filters=[strip_line, lambda v: v.lower() if isinstance(v, str) else v],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least %(num)s characters.", num=MIN_PASSWORD),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD,
                max=256,
                message=_l("Use at least %(num)s characters (at most 256).", num=MIN_PASSWORD),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    is_admin = BooleanField(_l("Can add other coaches"))


class WholeNumberField(IntegerField):
    """An integer typed with the digits 0-9 only (int() would also take '٣' or '³')."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() and not valuelist[0].strip().isascii():
            self.data = None
            raise ValueError(gettext("Use the digits 0 to 9."))
        super().process_formdata(valuelist)


def employer_lines(form, field) -> None:
    for line in (field.data or "").splitlines():
        if len(line.strip()) > 80:
            raise ValidationError(gettext("Keep each employer name under 80 characters."))
    if len([line for line in (field.data or "").splitlines() if line.strip()]) > 100:
        raise ValidationError(gettext("List at most 100 employers."))


class WorkshopForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=120, message=_l("Keep the title under 120 characters."))],
        filters=[strip_line],
    )
    date = DateField(_l("Date"), validators=[InputRequired(message=_l("Pick the workshop's date."))])
    series = StringField(
        _l("Series (optional)"),
        description=_l(
            "A label for workshops you run as one programme, e.g. “Uni careers spring”. Insights can show one series."
        ),
        validators=[
            Length(max=SERIES_LENGTH, message=_l("Keep the series label under %(num)s characters.", num=SERIES_LENGTH))
        ],
        filters=[strip_line],
    )
    description = TextAreaField(
        _l("Description (optional, shown to participants)"),
        validators=[Length(max=1000)],
        filters=[strip_text],
    )
    employers = TextAreaField(
        _l("Employer names to redact"),
        description=_l("One per line. Participants' stories never show these names."),
        validators=[Length(max=4000), employer_lines],
        filters=[strip_text],
    )
    min_group_size = WholeNumberField(
        _l("Minimum group size (k)"),
        default=3,
        description=_l("A theme, average or quote is shown only when at least this many people share it."),
        validators=[
            InputRequired(message=_l("Give a number from %(low)s to 50.", low=MIN_K)),
            NumberRange(min=MIN_K, max=50, message=_l("Use a number from %(low)s to 50.", low=MIN_K)),
        ],
    )
    retention_days = WholeNumberField(
        _l("Keep the data for (days after the workshop)"),
        default=30,
        validators=[
            InputRequired(
                message=_l("Give a number of days from %(low)s to %(high)s.", low=FEWEST_DAYS, high=MOST_DAYS)
            ),
            NumberRange(
                min=FEWEST_DAYS,
                max=MOST_DAYS,
                message=_l("Use a number of days from %(low)s to %(high)s.", low=FEWEST_DAYS, high=MOST_DAYS),
            ),
        ],
    )

    def validate_retention_days(self, field) -> None:
        """A date in the past plus too few days would have the app erase the workshop at once."""
        day, days = self.date.data, field.data
        if not isinstance(day, date) or not isinstance(days, int) or not FEWEST_DAYS <= days <= MOST_DAYS:
            return  # explained already
        if day < date.today() - timedelta(days=days):
            raise ValidationError(
                gettext(
                    "With this date the data would already be past its erase date, and erased at once. "
                    "Check the date, or keep the data for more days."
                )
            )

    follow_up_on = DateField(
        _l("Follow-up check-in"),
        description=_l(
            "Participants can tell how their plan went from this day until their data is erased. "
            "Leave it empty for 14 days after the workshop."
        ),
        validators=[Optional()],
    )

    def validate_follow_up_on(self, field) -> None:
        """After the workshop, and no later than the day its data is erased."""
        day, days, follow_up = self.date.data, self.retention_days.data, field.data
        if not isinstance(follow_up, date) or not isinstance(day, date) or not isinstance(days, int):
            return
        if follow_up <= day:
            raise ValidationError(gettext("Pick a follow-up date after the workshop."))
        if follow_up > day + timedelta(days=days):
            raise ValidationError(
                gettext(
                    "Pick a follow-up date on or before %(day)s: the data is erased after that day.",
                    day=format_date(day + timedelta(days=days), "d MMMM y"),
                )
            )

    paper_size = SelectField(
        _l("Paper size of the plans"),
        choices=[SelectChoice("A4"), SelectChoice("Letter", _l("US Letter"))],
        default="A4",
    )
    language = SelectField(
        _l("Language of the workshop"),
        description=_l(
            "The projector, the printed cards and the phones start in it; each phone can switch for itself."
        ),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default=DEFAULT,
    )
    coach_note = TextAreaField(
        _l("Your closing note (printed in every plan)"),
        validators=[Length(max=1500)],
        filters=[strip_text],
    )


class ActionForm(FlaskForm):
    """A coach's own action; stages and themes are checked against the workshop in the view."""

    title = StringField(_l("What to do"), validators=[DataRequired(), Length(max=120)], filters=[strip_line])
    how = TextAreaField(
        _l("How, in a sentence or two"), validators=[DataRequired(), Length(max=600)], filters=[strip_text]
    )
    timing = SelectField(
        _l("When"),
        choices=[SelectChoice(timing, _l(TIMING_LABELS[timing])) for timing in TIMING_DAYS],
        default="this week",
    )
