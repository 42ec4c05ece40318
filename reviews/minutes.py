"""The minutes of a review rendered as a PDF (WeasyPrint), for downloads and for the evidence record."""

from django.template.loader import render_to_string

from reviews import selectors
from reviews.models import ManagementReview


def minutes_pdf(review: ManagementReview) -> bytes:
    """The printable minutes as PDF bytes. The template is self-contained: nothing is fetched."""
    from weasyprint import HTML

    review = selectors.review_detail().get(pk=review.pk)
    html = render_to_string("reviews/minutes.html", {"review": review, "for_pdf": True})
    return HTML(string=html).write_pdf()
