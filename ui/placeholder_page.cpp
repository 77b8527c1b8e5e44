#include "placeholder_page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace dllab::ui {

QWidget *makePlaceholderPage(const QString &title, const QString &text, QWidget *parent)
{
    auto *page = new QWidget(parent);
    auto *heading = new QLabel(title);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    heading->setFont(font);
    heading->setAlignment(Qt::AlignCenter);
    auto *body = new QLabel(text);
    body->setObjectName(QStringLiteral("placeholderText"));
    body->setAlignment(Qt::AlignCenter);
    body->setWordWrap(true);
    body->setStyleSheet(QStringLiteral("color: #6b7280;"));

    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(heading);
    layout->addWidget(body);
    layout->addStretch(2);
    return page;
}

} // namespace dllab::ui
