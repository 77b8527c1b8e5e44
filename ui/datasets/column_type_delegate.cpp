#include "ui/datasets/column_type_delegate.h"

#include "ui/datasets/import_column_model.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QPainter>
#include <QPointer>

#include <functional>

namespace dllab::ui {

namespace {

// Says when its list closes: a choice made from the list (by mouse, or Enter in it) is taken at
// once, while arrowing through the closed box only changes the value until Enter or Tab.
class TypeCombo : public QComboBox {
public:
    using QComboBox::QComboBox;
    std::function<void()> onListClosed;

    void hidePopup() override
    {
        const bool wasOpen = view()->isVisible();
        QComboBox::hidePopup();
        if (wasOpen && onListClosed)
            onListClosed();
    }
};

QStyleOptionComboBox comboOption(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    QStyleOptionComboBox combo;
    combo.rect = option.rect.adjusted(1, 1, -1, -1);
    combo.state = option.state & (QStyle::State_Enabled | QStyle::State_HasFocus);
    combo.palette = option.palette;
    combo.fontMetrics = option.fontMetrics;
    combo.currentText = index.data(Qt::DisplayRole).toString();
    combo.frame = true;
    return combo;
}

} // namespace

ColumnTypeDelegate::ColumnTypeDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void ColumnTypeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    if (!(index.flags() & Qt::ItemIsEditable))
        return QStyledItemDelegate::paint(painter, option, index);
    // The selection shows behind the combo, as for the other cells of the row.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);
    const QStyleOptionComboBox combo = comboOption(option, index);
    style->drawComplexControl(QStyle::CC_ComboBox, &combo, painter, option.widget);
    style->drawControl(QStyle::CE_ComboBoxLabel, &combo, painter, option.widget);
}

QSize ColumnTypeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (!(index.flags() & Qt::ItemIsEditable))
        return size;
    const QStyleOptionComboBox combo = comboOption(option, index);
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    const QSize text = option.fontMetrics.size(Qt::TextSingleLine, combo.currentText);
    return size.expandedTo(
        style->sizeFromContents(QStyle::CT_ComboBox, &combo, text, option.widget));
}

QWidget *ColumnTypeDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &,
                                          const QModelIndex &index) const
{
    auto *combo = new TypeCombo(parent);
    const QString inferred = index.data(ImportColumnModel::InferredRole).toString();
    combo->addItem(inferred.isEmpty() ? tr("auto") : tr("auto (%1)").arg(inferred),
                   ImportColumnModel::kAuto);
    for (const auto type :
         {datasets::ColumnType::Numeric, datasets::ColumnType::Categorical,
          datasets::ColumnType::Date, datasets::ColumnType::Text, datasets::ColumnType::Ignore})
        combo->addItem(columnTypeText(type), int(type));
    combo->onListClosed = [self = QPointer(const_cast<ColumnTypeDelegate *>(this)), combo] {
        if (!self)
            return;
        Q_EMIT self->commitData(combo);
        Q_EMIT self->closeEditor(combo);
    };
    return combo;
}

void ColumnTypeDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const int found = combo->findData(index.data(ImportColumnModel::OverrideRole).toInt());
    combo->setCurrentIndex(std::max(found, 0));
}

void ColumnTypeDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                      const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentData(), Qt::EditRole);
}

} // namespace dllab::ui
