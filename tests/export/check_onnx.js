// Runs a dllab ONNX export in ONNX Runtime (npm onnxruntime-node) and prints the logits for a
// raw float32 input file as JSON. Used by tests/export/tst_export_e2e.cpp.
// usage: node check_onnx.js MODEL.onnx INPUT.f32 N D1 [D2 ...]
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
    const [modelPath, inputPath, ...shape] = process.argv.slice(2);
    const dims = shape.map(Number);
    const bytes = fs.readFileSync(inputPath);
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const session = await ort.InferenceSession.create(modelPath);
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(data), dims) });
    const logits = out.logits;
    const k = logits.dims[1];
    const rows = [];
    for (let i = 0; i < logits.dims[0]; ++i)
        rows.push(Array.from(logits.data.slice(i * k, (i + 1) * k)));
    console.log(JSON.stringify({ ort: ort.env.versions, inputs: session.inputNames,
                                 outputs: session.outputNames, logits: rows }));
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
