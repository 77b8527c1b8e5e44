#pragma once
// Where file dialogs open: the folder the user last chose a file or folder in, kept across
// sessions (QSettings), else the home folder. Shared by every dialog of the app, as most desktop
// applications do. GUI thread only.
#include <QString>

namespace dllab::plots {

QString recentFolder();
// `path` is a chosen file (its folder is kept) or folder; empty is ignored.
void rememberFolder(const QString &path);

} // namespace dllab::plots
