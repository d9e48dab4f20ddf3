"""Writes on artisans' shops and orders, as plain functions (views stay thin).

One module per area; everything is importable from ``vendors.actions``.
"""

from .catalogue import (  # noqa: F401
    ARTISAN_PRODUCT_CLASS,
    MAX_IMAGES_PER_PRODUCT,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    CsvFileError,
    ImportStatus,
    StockChangeRefused,
    add_product_images,
    artisan_product_class,
    category_full_names,
    confirm_product_import,
    delete_product_image,
    delete_stale_import_files,
    editable_attributes,
    get_import_job,
    import_product_rows,
    read_product_csv,
    reorder_product_images,
    run_product_import,
    save_product,
    set_product_category,
    set_product_public,
    start_product_import,
    update_stock,
    validate_product_rows,
)
from .joining import (  # noqa: F401
    ApplicationRefused,
    submit_application,
)
from .orders import (  # noqa: F401
    OrderStatus,
    allocate_proportionally,
    commission_split,
    derive_order_status,
    record_step,
    refresh_order_status,
    set_tracking,
    split_order_by_vendor,
)
from .review import (  # noqa: F401
    ReviewNotAllowed,
    approve_application,
    reactivate_vendor,
    reject_application,
    shop_history,
    suspend_vendor,
    unique_vendor_slug,
)
from .shop import (  # noqa: F401
    STOREFRONT_FIELDS,
    TeamChangeRefused,
    accept_team_invitation,
    decline_team_invitation,
    invite_team_member,
    remove_team_member,
    revoke_team_invitation,
    update_shop_settings,
)
