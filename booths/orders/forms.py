"""Forms of checkout and of finding an order (the services decide; these collect)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from booths.orders.models import Order
from booths.orders.services import CONTACT_LIMITS, MAX_PHONE, contact_problems


class CheckoutForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=CONTACT_LIMITS["name"], widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Phone"), max_length=MAX_PHONE,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}))
    address = forms.CharField(label=_("Delivery address"), max_length=CONTACT_LIMITS["address"],
                              widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}))
    note = forms.CharField(label=_("Note for the producer"), max_length=CONTACT_LIMITS["note"], required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    payment = forms.ChoiceField(label=_("Payment"), choices=Order.Payment.choices, initial=Order.Payment.CASH,
                                widget=forms.RadioSelect)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, transfer_problem=None, **kwargs):
        super().__init__(*args, **kwargs)
        if transfer_problem:  # the producer cannot take transfers now: cash on delivery only (the reason is shown)
            self.fields["payment"].choices = [(Order.Payment.CASH, Order.Payment.CASH.label)]

    # Said at the field, before the order is sent; orders.services._clean_contact still decides (same limits).
    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if "phone" in contact_problems({"phone": phone}):
            raise forms.ValidationError(_("A phone number has 9 to 12 digits."), code="phone")
        return phone

    def clean_address(self):
        address = self.cleaned_data["address"].strip()
        if "address" in contact_problems({"address": address}):
            raise forms.ValidationError(_("Please write the whole delivery address."), code="address")
        return address


class FindOrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=MAX_PHONE, widget=forms.TextInput(attrs={"inputmode": "tel"}))
