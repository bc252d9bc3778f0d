"""ISO 3166 codes, checked against pycountry's copy of the standard."""

import pycountry


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return country.name if country else ""


def region_name(code: str) -> str:
    region = pycountry.subdivisions.get(code=code.upper()) if code else None
    return region.name if region else ""


def location_errors(country: str, region: str) -> dict[str, str]:
    """Field errors for a country (ISO 3166-1 alpha-2) and a region (ISO 3166-2) within it."""
    errors = {}
    if country and not country_name(country):
        errors["country"] = f"{country!r} is not an ISO 3166-1 alpha-2 country code."
    if region:
        if not region_name(region):
            errors["region"] = f"{region!r} is not an ISO 3166-2 subdivision code."
        elif not country:
            errors["country"] = "Give the country of the region."
        elif not region.upper().startswith(country.upper() + "-"):
            errors["region"] = f"{region} is not a subdivision of {country}."
    return errors
