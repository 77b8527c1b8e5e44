#!/usr/bin/python3
"""Training throughput with image augmentation against without, in the same run.

Builds a folder of mixed images from shared/data/mnist-png-500 (grayscale and tinted colour,
PNG and JPEG, four sizes, some with an EXIF orientation), imports it with dllab-cli (which
resizes them to one size), trains the CNN on it and on mnist-10k with and without an
"augment" spec (flip, shift, rotation, scale, brightness, contrast), and prints samples/s and
their ratio. Also writes the augmentation grid of the mixed folder. Needs python3-pil. By hand:

    /usr/bin/python3 bench/augment/augment_throughput.py --cli build/ci/app/cli/dllab-cli
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

from PIL import Image

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[2] / "shared" / "data"
AUGMENT = {"hflip": True, "crop_padding": 3, "rotation": 10, "scale": 0.1,
           "brightness": 0.2, "contrast": 0.2}
SIZES = [(28, 28), (36, 32), (40, 40), (24, 30)]
TINTS = [(255, 120, 60), (60, 200, 255), (180, 255, 90)]


def mixed_folder(out):
    """mnist-png-500 as data comes: every fourth image kept gray, the rest tinted or resized."""
    count = 0
    for digit in sorted((DATA / "mnist-png-500").iterdir()):
        for i, png in enumerate(sorted(digit.iterdir())):
            image = Image.open(png).convert("L").resize(SIZES[i % 4])
            target = out / digit.name
            target.mkdir(parents=True, exist_ok=True)
            if i % 4 == 0:
                image.save(target / f"{i}.png")
            elif i % 4 == 3:  # stored on its side: EXIF turns it upright
                exif = Image.Exif()
                exif[0x0112] = 6
                image.transpose(Image.Transpose.ROTATE_90).save(target / f"{i}.jpg", exif=exif,
                                                                 quality=92)
            else:
                colour = Image.merge("RGB", [image.point(lambda v, t=t: v * t // 255)
                                             for t in TINTS[i % 3]])
                colour.save(target / (f"{i}.png" if i % 4 == 1 else f"{i}.jpg"), quality=92)
            count += 1
    return count


def cli(args, workspace, *command):
    result = subprocess.run([args.cli, "--workspace", str(workspace), *command],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout) if "--json" in command else result.stdout


def samples_per_sec(args, workspace, dataset, augment):
    command = ["train", "--dataset", dataset, "--model", "cnn", "--epochs", str(args.epochs),
               "--seed", "0", "--json", "--set", "val_fraction=0"]
    if augment:
        command += ["--set", "augment=" + json.dumps(AUGMENT)]
    return cli(args, workspace, *command)["samples_per_sec"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="path of dllab-cli")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--grid", default="augment-grid.png", help="where to write the grid")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        images = mixed_folder(tmp / "mixed")
        imported = cli(args, tmp / "ws", "dataset", "import", str(tmp / "mixed"), "--name",
                       "mixed", "--json")
        print(f"mixed folder: {images} images -> shape {imported['feature_shape']}")
        for note in imported["notes"]:
            print(f"  note: {note}")
        cli(args, tmp / "ws", "dataset", "import", str(DATA / "mnist-10k"), "--name", "mnist")
        (tmp / "augment.json").write_text(json.dumps({"augment": AUGMENT}))
        print(cli(args, tmp / "ws", "dataset", "preview", "mixed", "--augment",
                  str(tmp / "augment.json"), "--out", args.grid).strip())
        for dataset in ("mixed", "mnist"):
            plain = samples_per_sec(args, tmp / "ws", dataset, False)
            augmented = samples_per_sec(args, tmp / "ws", dataset, True)
            print(f"{dataset:6} cnn: {plain:8.0f} samples/s plain, {augmented:8.0f} augmented: "
                  f"{augmented / plain:.2f}x (target >= 0.8x)")


if __name__ == "__main__":
    main()
