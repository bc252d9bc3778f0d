"""The ingestion pipeline: article files → archived sources → proposals for reviewers.

    archive.read_article(path)      the file's text and metadata, or Refused with the reason
    extract.extract(text, ...)      incidents, violations, victims, perpetrators, places, dates,
                                    advocacy responses, each with its evidence
    sources.services                archiving, storing suggestions, accepting and rejecting them

Rules, gazetteers and the vocabularies only: nothing is downloaded at run time.
"""
