#pragma once
// A version's schema as read-only rich text: kind, shape, classes, splits, normalisation,
// sources, hash, parent. Long values wrap (a hash breaks anywhere) and the text can be selected
// and copied. GUI thread only.
#include "datasets/dataset_store.h"

#include <QTextBrowser>

namespace dllab::ui {

class SchemaForm : public QTextBrowser {
    Q_OBJECT
public:
    explicit SchemaForm(QWidget *parent = nullptr);

    void setVersion(const datasets::VersionInfo &version);
    void clear();
    // The plain text of a field by its label ("Kind", "Classes", ...); lines joined by '\n'.
    QString field(const QString &label) const;

private:
    static QString targetText(const datasets::VersionInfo &version);

    QList<QPair<QString, QString>> m_fields; // label -> plain value, in display order
};

} // namespace dllab::ui
