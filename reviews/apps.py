from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Management reviews: schedule, inputs, outputs and actions."""

    name = "reviews"
