#pragma once
// A page for a view that is not built yet: its title and a line saying what will arrive.
#include <QWidget>

namespace dllab::ui {

QWidget *makePlaceholderPage(const QString &title, const QString &text, QWidget *parent = nullptr);

} // namespace dllab::ui
