#pragma once
// The Type cell of an ImportColumnModel: drawn as a combo box, so it reads as a choice, and
// edited with one (auto, numeric, categorical, date, text, ignore). GUI thread only.
#include <QStyledItemDelegate>

namespace dllab::ui {

class ColumnTypeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ColumnTypeDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
};

} // namespace dllab::ui
