"""PDF/X for the print shop: the output intent, the document information and XMP a preflight
checks (ISO 15930-4 PDF/X-1a:2003, ISO 15930-7 PDF/X-4), hooked into ReportLab's document.

What each level allows, and what bannergen does about it:
- PDF/X-1a:2003 — PDF 1.3/1.4, CMYK and spot colours only, no transparency, no /UserUnit (a
  PDF 1.6 key): the page is painted in CMYK, a logo is flattened onto its backdrop in CMYK, and
  a draft's translucent mark or a page over 200 in is refused (the message names --pdfx 4 and
  --scale).
- PDF/X-4 — PDF 1.6, live transparency, RGB only device-independent: RGB pages carry an
  ICC-based sRGB /DefaultRGB, so every DeviceRGB colour and image means sRGB.
Both carry the output condition's profile as /DestOutputProfile, `GTS_PDFXVersion` in the
document information and in XMP metadata, /Trapped /False, and equal dates in both places.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from bannergen.errors import UserError
from bannergen.output.colour import SRGB_PROFILE, OutputCondition, profile_bytes


def escape(text: str) -> str:
    """XML character data: &, < and > as entities (what xml.sax.saxutils.escape does, without
    importing it: saxutils pulls in urllib.request, http.client and ssl, ~50 ms per process)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PRODUCER = "bannergen"


@dataclass(frozen=True)
class Level:
    name: str  # the value of --pdfx and of an order's print.pdfx
    version: str  # GTS_PDFXVersion
    conformance: str | None  # GTS_PDFXConformance (PDF/X-1a:2003 only)
    pdf_version: tuple[int, int]
    transparency: bool
    rgb: bool  # device-independent RGB allowed (through /DefaultRGB)


LEVELS = {
    "4": Level("4", "PDF/X-4", None, (1, 6), transparency=True, rgb=True),
    "1a": Level("1a", "PDF/X-1:2003", "PDF/X-1a:2003", (1, 4), transparency=False, rgb=False),
}


def check(level: str | None, *, draft: bool = False, user_unit: float = 1.0,
          length_mm: float = 0.0) -> None:
    """Refuse what a level forbids, before anything is written."""
    if level is None:
        return
    spec = LEVELS[level]
    if draft and not spec.transparency:
        raise UserError("pdfx_no_transparency", value=f"--pdfx {level}")
    if user_unit != 1.0 and spec.pdf_version < (1, 6):
        raise UserError("pdfx_user_unit", value=f"--pdfx {level}", length=f"{length_mm:.0f}")


def pdf_date(date: str | None) -> tuple[str, str]:
    """(PDF date, XMP date) of an ISO day: midnight UTC, the same instant in both (a preflight
    compares them). With no date, ReportLab's invariant one (2000-01-01)."""
    day = (date or "2000-01-01")[:10]
    y, m, d = day.split("-")
    return f"D:{y}{m}{d}000000+00'00'", f"{y}-{m}-{d}T00:00:00+00:00"


def document_id(*parts: str) -> str:
    """A UUID from the document's content, so that the same input gives the same bytes."""
    import uuid  # only PDF/X files need one: ~10 ms of import spared to every other render

    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
    return f"uuid:{uuid.UUID(bytes=digest[:16], version=4)}"


def xmp(level: str, *, title: str, subject: str, date: str | None) -> bytes:
    """The XMP packet (ISO 16684-1) a PDF/X preflight reads: the version, dates, trapping."""
    spec = LEVELS[level]
    _, when = pdf_date(date)
    doc_id = document_id(spec.version, title, subject, when)
    conformance = (f"\n   <pdfx:GTS_PDFXVersion>{spec.version}</pdfx:GTS_PDFXVersion>"
                   f"\n   <pdfx:GTS_PDFXConformance>{spec.conformance}</pdfx:GTS_PDFXConformance>"
                   if spec.conformance else "")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{PRODUCER}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{spec.version}</pdfxid:GTS_PDFXVersion>{conformance}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")


def make_pdfx(canvas, level: str, condition: OutputCondition, date: str | None) -> None:
    """Turn the ReportLab document being written into PDF/X at `level`: catalogue (output
    intent, metadata) and document information. Call once, before canvas.save()."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFString,
        PDFZCompress,
    )

    doc = canvas._doc
    spec = LEVELS[level]
    info = doc.info
    profile = PDFStream(PDFDictionary({"N": 4}), profile_bytes(condition.profile),
                        filters=[PDFZCompress])
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(condition.identifier),
        "OutputCondition": PDFString(condition.condition),
        "RegistryName": PDFString(condition.registry),
        "Info": PDFString(condition.info),
        "DestOutputProfile": doc.Reference(profile, "bannergen.DestOutputProfile"),
    })
    metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                        "Subtype": PDFName("XML")}),
                         xmp(level, title=info.title, subject=info.subject, date=date),
                         filters=None)  # uncompressed: preflights and search tools read it as text
    catalog = doc.Catalog
    catalog.__class__ = _catalog_class()
    catalog.OutputIntents = PDFArray([intent])
    catalog.Metadata = doc.Reference(metadata, "bannergen.Metadata")
    created, _ = pdf_date(date)
    info.__class__ = _info_class()
    info.pdfx = {"GTS_PDFXVersion": PDFString(spec.version), "CreationDate": PDFString(created),
                 "ModDate": PDFString(created),
                 **({"GTS_PDFXConformance": PDFString(spec.conformance)}
                    if spec.conformance else {})}


def default_rgb(doc):
    """[/ICCBased sRGB], once per document: the /DefaultRGB that makes DeviceRGB sRGB
    (ISO 32000-1 §8.6.5.6), as PDF/X-4 asks of RGB content under a CMYK output intent."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFZCompress,
    )

    cached = getattr(doc, "_bannergen_default_rgb", None)
    if cached is None:
        stream = PDFStream(PDFDictionary({"N": 3, "Alternate": PDFName("DeviceRGB")}),
                           profile_bytes(SRGB_PROFILE), filters=[PDFZCompress])
        cached = PDFArray([PDFName("ICCBased"), doc.Reference(stream, "bannergen.sRGB")])
        doc._bannergen_default_rgb = cached
    return cached


@cache
def _catalog_class():
    from reportlab.pdfbase.pdfdoc import PDFCatalog

    class Catalog(PDFCatalog):
        __NoDefault__ = (*PDFCatalog.__NoDefault__, "OutputIntents")

    return Catalog


@cache
def _info_class():
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString

    class Info(PDFInfo):
        pdfx: dict | None = None

        def format(self, document):
            # PDFInfo.format, plus the PDF/X keys and our dates (ISO 15930-7 §6.7.5: Title,
            # Trapped, CreationDate, ModDate, GTS_PDFXVersion).
            entries = {"Title": PDFString(self.title), "Author": PDFString(self.author),
                       "Producer": PDFString(self.producer),
                       "Creator": PDFString(self.creator), "Subject": PDFString(self.subject),
                       "Keywords": PDFString(self.keywords), "Trapped": PDFName("False"),
                       **(self.pdfx or {})}
            return PDFDictionary(entries).format(document)

    return Info
