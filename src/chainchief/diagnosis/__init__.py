"""Chain diagnosis (issue 3): panoramic map, segment classes and recommendations, GVC
position, value capture, low-end lock-in, governance and leading enterprises.

>>> from chainchief.diagnosis import diagnose, write_report   # doctest: +SKIP
>>> d = diagnose(package)                                      # doctest: +SKIP
>>> d.to_json()                                                # doctest: +SKIP
>>> write_report(d, "report.html", lang="zh")                  # doctest: +SKIP
"""

from chainchief.diagnosis.core import Diagnosis, diagnose
from chainchief.diagnosis.params import DiagnosisParams
from chainchief.diagnosis.report import render_html, write_report

__all__ = ["Diagnosis", "DiagnosisParams", "diagnose", "render_html", "write_report"]
