#pragma once
// The columns of a CSV being imported, one row each: name, type (the inferred one, or the user's
// override, editable), missing cells and example values, from the newest import preview. Holds
// the overrides the user chose; they outlive a preview. GUI thread only.
#include "datasets/csv_preview.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <map>
#include <optional>

namespace dllab::ui {

class ImportColumnModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, MissingColumn, ExamplesColumn, ColumnCount };
    // On TypeColumn: the override as an int (kAuto, or a datasets::ColumnType); EditRole too.
    static constexpr int OverrideRole = Qt::UserRole + 1;
    // On TypeColumn: the inferred type's name ("categorical"), empty while unknown.
    static constexpr int InferredRole = Qt::UserRole + 2;
    static constexpr int kAuto = -1;

    explicit ImportColumnModel(QObject *parent = nullptr);

    // Shows a preview; the overrides stay. An auto column's type is remembered, so that it can
    // still be named while another preview fails.
    void setPreview(const datasets::CsvPreview &preview);
    // nullopt: back to the inferred type. False when there is no such column or it is the label.
    bool setOverride(const QString &column, std::optional<datasets::ColumnType> type);
    // The label has no type of its own: its override goes.
    void clearOverride(const QString &column);
    const std::map<std::string, datasets::ColumnType> &overrides() const { return m_overrides; }
    QStringList columnNames() const;
    int rowOf(const QString &column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The user changed an override; the preview should be read again.
    void overridesChanged();

private:
    struct Row {
        datasets::CsvColumnSummary column;
        QString type;     // as shown
        QString missing;  // "12 (0.1 %)", empty while unknown
        QString examples; // "Day, Night, Dusk …"
        QString tip;
    };
    Row describe(const datasets::CsvColumnSummary &column, const datasets::CsvPreview &preview,
                 bool known) const;
    QString typeText(const datasets::CsvColumnSummary &column) const;

    QList<Row> m_rows;
    std::map<std::string, datasets::ColumnType> m_overrides;
    std::map<std::string, datasets::ColumnType> m_inferred; // of columns read without override
    bool m_regression = false; // the last preview's label is a regression target
};

// "numeric", "categorical", … as shown to the user.
QString columnTypeText(datasets::ColumnType type);

} // namespace dllab::ui
