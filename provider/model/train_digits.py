#!/usr/bin/env python3
"""Trains the digits classifier Lever's provider agent serves, and exports it to ONNX.

The data: scikit-learn's bundled digits set (1,797 images of 8×8 pixels, each 0..16). A
stratified quarter of it (450 images, `random_state=0`) is held out: the model never sees it in
training, and its accuracy there is what a user of the market buys.

The model: a multi-layer perceptron (64 → 32 ReLU → 10 softmax) on the raw pixel values,
exported with skl2onnx (opset 13, no ZipMap) and cut to its `probabilities` output, so the file
holds only standard ONNX operators (Cast, MatMul, Add, Relu, Softmax): any ONNX runtime runs it,
tract included. The class is the arg-max of the ten probabilities (the agent computes it).

Writes, next to this script:
  digits.onnx          the model (its blake2-256 is the weights hash the model registers)
  digits-holdout.json  the held-out images and labels, one JSON array of {"pixels", "label"}

Run: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
     && .venv/bin/python train_digits.py
Training is seeded, but floating-point order can differ between machines and library builds,
so a rerun elsewhere may give a model with another hash; the committed file is the one the
README's figures and the end-to-end tests use.
"""

import hashlib
import json
import os

import numpy as np
import onnx
import onnx.utils
from onnx.reference import ReferenceEvaluator
from skl2onnx import to_onnx
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    pixels, labels = load_digits(return_X_y=True)
    train_x, test_x, train_y, test_y = train_test_split(
        pixels, labels, test_size=0.25, random_state=0, stratify=labels
    )
    model = MLPClassifier(hidden_layer_sizes=(32,), max_iter=2000, random_state=0)
    model.fit(train_x, train_y)
    accuracy = model.score(test_x, test_y)

    exported = to_onnx(
        model,
        train_x[:1].astype(np.float32),
        options={id(model): {"zipmap": False}},
        target_opset=13,
    )
    full = os.path.join(HERE, "digits-full.onnx")
    path = os.path.join(HERE, "digits.onnx")
    onnx.save(exported, full)
    # Keep only the path from the pixels to the probabilities (the label branch uses the
    # ai.onnx.ml ArrayFeatureExtractor, which general ONNX runtimes do not implement).
    onnx.utils.extract_model(full, path, ["X"], ["probabilities"])
    os.remove(full)
    cut = onnx.load(path)
    onnx.checker.check_model(cut)
    ops = sorted({(node.domain or "ai.onnx", node.op_type) for node in cut.graph.node})

    assert all(domain == "ai.onnx" for domain, _ in ops), ops
    weights = {init.name: onnx.numpy_helper.to_array(init) for init in cut.graph.initializer}

    # The exported file must agree with the trained model on every held-out image (ONNX's own
    # reference evaluator runs the file).
    (probabilities,) = ReferenceEvaluator(cut).run(None, {"X": test_x.astype(np.float32)})
    exported_classes = np.argmax(probabilities, axis=1)
    assert (exported_classes == model.predict(test_x)).all(), "the ONNX file disagrees"
    exported_accuracy = float((exported_classes == test_y).mean())

    holdout = [
        {"pixels": [int(v) for v in x], "label": int(y)} for x, y in zip(test_x, test_y)
    ]
    with open(os.path.join(HERE, "digits-holdout.json"), "w") as out:
        json.dump(holdout, out, separators=(",", ":"))
        out.write("\n")

    with open(path, "rb") as blob:
        data = blob.read()
    print(f"held-out accuracy: {accuracy:.4f} ({round(accuracy * len(test_y))}/{len(test_y)}), "
          f"the ONNX file {exported_accuracy:.4f}")
    print(f"operators: {', '.join(op for _, op in ops)}")
    print(f"parameters: {sum(w.size for w in weights.values())}")
    print(f"digits.onnx: {len(data)} bytes, blake2-256 0x{hashlib.blake2b(data, digest_size=32).hexdigest()}")


if __name__ == "__main__":
    main()
