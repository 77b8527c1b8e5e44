#include "ui/sweeps/param_table_editor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using nlohmann::json;

namespace dllab::ui {

namespace {

// "1e-4" -> 0.0001, "32" -> 32 (an integer stays one); anything else stays text, so the
// engine's message quotes what was typed.
json parseValue(const QString &text, bool wantInteger)
{
    const QString trimmed = text.trimmed();
    bool ok = false;
    const qlonglong whole = trimmed.toLongLong(&ok);
    if (ok)
        return wantInteger ? json(whole) : json(double(whole));
    const double number = trimmed.toDouble(&ok);
    if (ok)
        return number;
    if (trimmed == QLatin1String("true") || trimmed == QLatin1String("false"))
        return trimmed == QLatin1String("true");
    return trimmed.toStdString();
}

} // namespace

ParamTableEditor::ParamTableEditor(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount)),
      m_add(new QPushButton(tr("Add parameter"))), m_remove(new QPushButton(tr("Remove")))
{
    m_table->setObjectName(QStringLiteral("parameterTable"));
    const QStringList titles = {tr("Name"), tr("Type"), tr("Min"),
                                tr("Max"),  tr("Log"),  tr("Values")};
    const QStringList tips = {
        tr("A dotted path into the base run spec: optimizer.lr, model.hidden.0 (a list index), "
           "batch_size"),
        tr("double, int or categorical"),
        tr("Smallest value (double, int)"),
        tr("Largest value (double, int)"),
        tr("Sample on a log scale (min must be > 0)"),
        tr("The choices of a categorical parameter, comma-separated: 32, 64, 128 or relu, tanh")};
    for (int c = 0; c < ColumnCount; ++c) {
        auto *header = new QTableWidgetItem(titles[c]);
        header->setToolTip(tips[c]);
        m_table->setHorizontalHeaderItem(c, header);
    }
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(TypeColumn, 104);
    // Narrow bounds (1e-4 reads fine in 50 px) leave the stretched name column room for a
    // dotted path such as model.hidden.0.
    m_table->setColumnWidth(MinColumn, 50);
    m_table->setColumnWidth(MaxColumn, 50);
    m_table->setColumnWidth(LogColumn, 30);
    m_table->setColumnWidth(ValuesColumn, 90);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_add->setObjectName(QStringLiteral("addParameterButton"));
    m_remove->setObjectName(QStringLiteral("removeParameterButton"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, [this] {
        const int row =
            addParameter(QStringLiteral("optimizer.weight_decay"), QStringLiteral("double"),
                         QStringLiteral("1e-6"), QStringLiteral("1e-2"), true);
        m_table->setCurrentCell(row, NameColumn);
    });
    connect(m_remove, &QPushButton::clicked, this,
            [this] { removeParameter(m_table->currentRow()); });
    connect(m_table, &QTableWidget::itemChanged, this, &ParamTableEditor::changed);
}

int ParamTableEditor::addParameter(const QString &name, const QString &type, const QString &min,
                                   const QString &max, bool log, const QString &values)
{
    const QSignalBlocker block(m_table); // one changed() for the whole row
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, NameColumn, new QTableWidgetItem(name));
    auto *typeCombo = new QComboBox;
    typeCombo->addItems(
        {QStringLiteral("double"), QStringLiteral("int"), QStringLiteral("categorical")});
    typeCombo->setCurrentText(type);
    m_table->setCellWidget(row, TypeColumn, typeCombo);
    m_table->setItem(row, MinColumn, new QTableWidgetItem(min));
    m_table->setItem(row, MaxColumn, new QTableWidgetItem(max));
    auto *logItem = new QTableWidgetItem;
    logItem->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    logItem->setCheckState(log ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, LogColumn, logItem);
    m_table->setItem(row, ValuesColumn, new QTableWidgetItem(values));
    connect(typeCombo, &QComboBox::currentTextChanged, this, [this, typeCombo] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->cellWidget(r, TypeColumn) == typeCombo)
                updateRowEnabled(r);
        Q_EMIT changed();
    });
    updateRowEnabled(row);
    Q_EMIT changed();
    return row;
}

void ParamTableEditor::removeParameter(int row)
{
    if (row < 0 || row >= m_table->rowCount())
        return;
    m_table->removeRow(row);
    Q_EMIT changed();
}

QString ParamTableEditor::typeAt(int row) const
{
    const auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, TypeColumn));
    return combo ? combo->currentText() : QString();
}

// A categorical parameter has values and no range; the others the reverse.
void ParamTableEditor::updateRowEnabled(int row)
{
    const QSignalBlocker block(m_table);
    const bool categorical = typeAt(row) == QLatin1String("categorical");
    for (int column : {int(MinColumn), int(MaxColumn), int(LogColumn), int(ValuesColumn)}) {
        QTableWidgetItem *item = m_table->item(row, column);
        const bool on = (column == ValuesColumn) == categorical;
        item->setFlags(on ? item->flags() | Qt::ItemIsEnabled : item->flags() & ~Qt::ItemIsEnabled);
    }
}

json ParamTableEditor::toJson() const
{
    json list = json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString type = typeAt(row);
        json p{{"name", m_table->item(row, NameColumn)->text().trimmed().toStdString()},
               {"type", type.toStdString()}};
        if (type == QLatin1String("categorical")) {
            json values = json::array();
            for (const QString &part : m_table->item(row, ValuesColumn)
                                           ->text()
                                           .split(QLatin1Char(','), Qt::SkipEmptyParts))
                values.push_back(parseValue(part, true));
            p["values"] = values;
        } else {
            const bool integer = type == QLatin1String("int");
            p["min"] = parseValue(m_table->item(row, MinColumn)->text(), integer);
            p["max"] = parseValue(m_table->item(row, MaxColumn)->text(), integer);
            if (m_table->item(row, LogColumn)->checkState() == Qt::Checked)
                p["log"] = true;
        }
        list.push_back(std::move(p));
    }
    return list;
}

int ParamTableEditor::rowOf(const QString &name) const
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, NameColumn)->text().trimmed() == name)
            return row;
    return -1;
}

void ParamTableEditor::markRow(int row)
{
    const QSignalBlocker block(m_table); // a colour is no edit
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < ColumnCount; ++c)
            if (QTableWidgetItem *item = m_table->item(r, c))
                item->setBackground(r == row ? QColor(0xfd, 0xec, 0xea) : QBrush());
}

} // namespace dllab::ui
