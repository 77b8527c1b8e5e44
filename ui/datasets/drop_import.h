#pragma once
// What a drop (or a file dialog) means for an import: the local paths it names, the dataset
// name they suggest, and whether they are a table to preview. Any thread.
#include <QStringList>

class QMimeData;

namespace dllab::ui {

// The local files and folders in mime data, cleaned; empty when it holds anything else.
QStringList localPaths(const QMimeData *mime);

// The base name of the first path: "iris.csv" -> "iris", "mnist-png-500/" -> "mnist-png-500",
// "train-images-idx3-ubyte.gz" -> "train-images-idx3-ubyte".
QString suggestedDatasetName(const QStringList &paths);

// True when paths name one file that the importer reads as CSV, judged as it judges (by the
// first bytes, then the name): such a drop gets the table import dialog.
bool isTableFile(const QStringList &paths);

} // namespace dllab::ui
