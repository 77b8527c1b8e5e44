"""Calls the handler of a dllab .mar as TorchServe does, without TorchServe: unzips the archive,
imports its handler, calls handle(None, context) at load and handle([{"body": png_bytes}],
context) per image, with context.system_properties["model_dir"] set to the unzipped archive.
Prints the top-1 label per image as JSON. Used by tests/export/tst_export_e2e.cpp.

usage: check_mar.py MODEL.mar IMAGE...
       check_mar.py MODEL.mar --csv ROWS.csv   (a typed table: each row sent as a JSON object
                                               and as a CSV line of the model's columns)
"""
import csv
import io
import importlib.util
import json
import os
import sys
import tempfile
import zipfile


class Context:
    def __init__(self, model_dir, manifest):
        self.system_properties = {"model_dir": model_dir, "gpu_id": None}
        self.manifest = manifest


mar, *images = sys.argv[1:]
with tempfile.TemporaryDirectory() as model_dir:
    with zipfile.ZipFile(mar) as archive:
        archive.extractall(model_dir)
    with open(os.path.join(model_dir, "MAR-INF", "MANIFEST.json")) as f:
        manifest = json.load(f)
    handler_file = os.path.join(model_dir, manifest["model"]["handler"])
    spec = importlib.util.spec_from_file_location("dllab_handler", handler_file)
    handler = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(handler)
    context = Context(model_dir, manifest)
    handler.handle(None, context)
    results = []
    if images[:1] == ["--csv"]:
        names = [column["name"] for column in handler._state["columns"]]
        with open(images[1], newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            [as_object] = handler.handle([{"body": json.dumps(row).encode()}], context)
            line = io.StringIO()
            csv.writer(line).writerow([row[name] for name in names])
            [as_line] = handler.handle([{"body": line.getvalue().encode()}], context)
            results.append({"top1": max(as_object, key=as_object.get), "scores": as_object,
                            "scores_csv": as_line})
        images = []
    for image in images:
        with open(image, "rb") as f:
            body = f.read()
        [scores] = handler.handle([{"body": body}], context)
        top1 = max(scores, key=scores.get)
        results.append({"image": image, "top1": top1, "scores": scores})
    print(json.dumps({"manifest": manifest, "results": results}))
