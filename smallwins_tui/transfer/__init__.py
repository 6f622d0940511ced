"""Moving a journal in and out of smallwins: exports, and importers that plan before they write.

Pure like the domain: nothing here reads the clock or writes the store. An import reads its
file, returns an `ImportPlan` (the records to put and a report) and the caller puts them in
one store transaction.
"""
