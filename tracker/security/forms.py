from django import forms


class CodeForm(forms.Form):
    """The six digits an authenticator app shows; spaces are allowed, as apps print them."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) not in (6, 8):
            raise forms.ValidationError("Enter the 6 digits that your authenticator app shows.")
        return code
