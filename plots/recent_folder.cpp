#include "recent_folder.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace dllab::plots {

namespace {

const char *const kKey = "dialogs/recent_folder";

} // namespace

QString recentFolder()
{
    const QString folder = QSettings().value(QLatin1String(kKey)).toString();
    return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void rememberFolder(const QString &path)
{
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    QSettings().setValue(QLatin1String(kKey),
                         info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

} // namespace dllab::plots
