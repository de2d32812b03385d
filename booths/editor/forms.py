"""Forms of the producer's editor (mobile-first: one column, plain labels) and of asking for a booth.

The services decide who may save and what; these collect.
"""

from django import forms

from booths.editor.models import AccessRequest
from booths.models import Booth, DiaryEntry, Hotspot, ProcessTour, Producer, Product, TourStep
from booths.services import PRODUCER_EDITABLE_FIELDS, PRODUCT_EDITABLE_FIELDS


class BoothForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = ["title_vi", "title_en", "tagline_vi", "tagline_en", "opening_hours"]


# Fields in the order a producer thinks of them: Vietnamese before English, the story before the contact, the
# contact before the bank account.
PRODUCER_FIELD_ORDER = ("story_vi", "story_en", "contact_phone", "contact_email",
                        "bank_name", "bank_account_number", "bank_account_name")


class ProducerForm(forms.ModelForm):
    class Meta:
        model = Producer
        fields = [name for name in PRODUCER_FIELD_ORDER if name in PRODUCER_EDITABLE_FIELDS]
        widgets = {"story_vi": forms.Textarea(attrs={"rows": 5}), "story_en": forms.Textarea(attrs={"rows": 5}),
                   "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                   "bank_account_number": forms.TextInput(attrs={"inputmode": "numeric"})}


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [name for name in (
            "name_vi", "name_en", "category", "price_vnd", "unit_vi", "unit_en", "stock", "story_vi", "story_en",
            "stars", "certificate_level", "certificate_number", "certificate_year", "certificate_authority",
            "certificate_authority_en", "origin", "growing_area_code", "is_published") if name in PRODUCT_EDITABLE_FIELDS]
        widgets = {"story_vi": forms.Textarea(attrs={"rows": 5}), "story_en": forms.Textarea(attrs={"rows": 5}),
                   "price_vnd": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1000}),
                   "stock": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                   "certificate_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 2018, "max": 2100})}


class DiaryForm(forms.ModelForm):
    class Meta:
        model = DiaryEntry
        fields = ["date", "activity_vi", "activity_en", "inputs", "inputs_en", "area_code"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class TourForm(forms.ModelForm):
    class Meta:
        model = ProcessTour
        fields = ["title_vi", "title_en"]


class StepForm(forms.ModelForm):
    class Meta:
        model = TourStep
        fields = ["title_vi", "title_en", "narration_vi", "narration_en"]
        widgets = {"narration_vi": forms.Textarea(attrs={"rows": 4}), "narration_en": forms.Textarea(attrs={"rows": 4})}


class HotspotForm(forms.ModelForm):
    class Meta:
        model = Hotspot
        fields = ["yaw", "pitch", "label_vi", "label_en", "text_vi", "text_en"]
        widgets = {"yaw": forms.NumberInput(attrs={"step": "0.1", "min": -180, "max": 180}),
                   "pitch": forms.NumberInput(attrs={"step": "0.1", "min": -90, "max": 90}),
                   "text_vi": forms.Textarea(attrs={"rows": 2}), "text_en": forms.Textarea(attrs={"rows": 2})}


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["name", "cooperative", "province", "phone", "email", "products"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                   "products": forms.Textarea(attrs={"rows": 3})}
