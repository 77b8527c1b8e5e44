#pragma once
// The parameter table of the New Sweep dialog: one row per parameter (name as a dotted path into
// the run spec, type double | int | categorical, min, max, log, categorical values as a comma
// list), with Add and Remove. toJson() writes the sweep spec's `parameters` list as typed, so
// the engine's own check names whatever is wrong. GUI thread only.
#include <nlohmann/json.hpp>

#include <QWidget>

class QTableWidget;
class QPushButton;

namespace dllab::ui {

class ParamTableEditor : public QWidget {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        TypeColumn,
        MinColumn,
        MaxColumn,
        LogColumn,
        ValuesColumn,
        ColumnCount
    };

    explicit ParamTableEditor(QWidget *parent = nullptr);

    // Appends a row; for categorical parameters min and max are ignored.
    int addParameter(const QString &name, const QString &type, const QString &min = {},
                     const QString &max = {}, bool log = false, const QString &values = {});
    void removeParameter(int row);
    nlohmann::json toJson() const;
    int rowOf(const QString &name) const;
    // Marks a row as the one an error names (-1: none).
    void markRow(int row);

    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    QString typeAt(int row) const;
    void updateRowEnabled(int row);

    QTableWidget *m_table;
    QPushButton *m_add, *m_remove;
};

} // namespace dllab::ui
