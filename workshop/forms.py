"""Forms for coaches. Validation lives here, not in the views."""

from __future__ import annotations

from datetime import date, timedelta

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
    Regexp,
    ValidationError,
)

from .services.aggregates import MIN_K
from .services.plans.model import TIMING_DAYS
from .services.promises import RETENTION_DAYS
from .text import clean_line, clean_text

MIN_PASSWORD = 10
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
FEWEST_DAYS, MOST_DAYS = RETENTION_DAYS


def strip_line(value):
    return clean_line(value) if isinstance(value, str) else value


def strip_text(value):
    return clean_text(value) if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)], filters=[strip_line])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


class CoachForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=80)], filters=[strip_line])
    email = EmailField(
        "Email",
        validators=[
            DataRequired(),
            Regexp(EMAIL, message="Enter an email address like name@example.org."),
            Length(max=254),
        ],
        filters=[strip_line, lambda v: v.lower() if isinstance(v, str) else v],
    )
    password = PasswordField(
        "Password",
        description=f"At least {MIN_PASSWORD} characters.",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD,
                max=256,
                message=f"Use at least {MIN_PASSWORD} characters (at most 256).",
            ),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    is_admin = BooleanField("Can add other coaches")


class WholeNumberField(IntegerField):
    """An integer typed with the digits 0-9 only (int() would also take '٣' or '³')."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() and not valuelist[0].strip().isascii():
            self.data = None
            raise ValueError("Use the digits 0 to 9.")
        super().process_formdata(valuelist)


def employer_lines(form, field) -> None:
    for line in (field.data or "").splitlines():
        if len(line.strip()) > 80:
            raise ValidationError("Keep each employer name under 80 characters.")
    if len([line for line in (field.data or "").splitlines() if line.strip()]) > 100:
        raise ValidationError("List at most 100 employers.")


class WorkshopForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[DataRequired(), Length(max=120, message="Keep the title under 120 characters.")],
        filters=[strip_line],
    )
    date = DateField("Date", validators=[InputRequired(message="Pick the workshop's date.")])
    description = TextAreaField(
        "Description (optional, shown to participants)",
        validators=[Length(max=1000)],
        filters=[strip_text],
    )
    employers = TextAreaField(
        "Employer names to redact",
        description="One per line. Participants' stories never show these names.",
        validators=[Length(max=4000), employer_lines],
        filters=[strip_text],
    )
    min_group_size = WholeNumberField(
        "Minimum group size (k)",
        default=3,
        description="A theme, average or quote is shown only when at least this many people share it.",
        validators=[
            InputRequired(message=f"Give a number from {MIN_K} to 50."),
            NumberRange(min=MIN_K, max=50, message=f"Use a number from {MIN_K} to 50."),
        ],
    )
    retention_days = WholeNumberField(
        "Keep the data for (days after the workshop)",
        default=30,
        validators=[
            InputRequired(message=f"Give a number of days from {FEWEST_DAYS} to {MOST_DAYS}."),
            NumberRange(
                min=FEWEST_DAYS, max=MOST_DAYS, message=f"Use a number of days from {FEWEST_DAYS} to {MOST_DAYS}."
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
                "With this date the data would already be past its erase date, and erased at once. "
                "Check the date, or keep the data for more days."
            )

    paper_size = SelectField(
        "Paper size of the plans",
        choices=[SelectChoice("A4"), SelectChoice("Letter", "US Letter")],
        default="A4",
    )
    coach_note = TextAreaField(
        "Your closing note (printed in every plan)",
        validators=[Length(max=1500)],
        filters=[strip_text],
    )


class ActionForm(FlaskForm):
    """A coach's own action; stages and themes are checked against the workshop in the view."""

    title = StringField("What to do", validators=[DataRequired(), Length(max=120)], filters=[strip_line])
    how = TextAreaField("How, in a sentence or two", validators=[DataRequired(), Length(max=600)], filters=[strip_text])
    timing = SelectField(
        "When",
        choices=[SelectChoice(timing, timing.capitalize()) for timing in TIMING_DAYS],
        default="this week",
    )
