#include "ui/datasets/drop_import.h"

#include "datasets/importers.h"

#include <QDir>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace dllab::ui {

QStringList localPaths(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    QStringList paths;
    for (const QUrl &url : mime->urls()) {
        // A remote URL in the drop means it is not a set of files we can import.
        if (!url.isLocalFile())
            return {};
        paths << QDir::cleanPath(url.toLocalFile());
    }
    return paths;
}

QString suggestedDatasetName(const QStringList &paths)
{
    if (paths.isEmpty())
        return {};
    const QFileInfo info(QDir::cleanPath(paths.first()));
    if (info.isDir())
        return info.fileName();
    QString name = info.fileName();
    // Compression is not part of what the file is: "x.csv.gz" names "x", like "x.csv".
    if (name.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive))
        name.chop(3);
    const int dot = name.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? name.left(dot) : name;
}

bool isTableFile(const QStringList &paths)
{
    if (paths.size() != 1 || !QFileInfo(paths.first()).isFile())
        return false;
    try {
        return datasets::detectFormat({paths.first().toStdString()}) == datasets::ImportFormat::Csv;
    } catch (const std::exception &) {
        return false; // the import says why, as for any other drop
    }
}

} // namespace dllab::ui
