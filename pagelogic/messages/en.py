"""Seller-facing text in English (sellers whose UI language is English). Same ids as ko.py;
a missing id falls back to Korean."""

BLOCK_TYPES = {
    "Introduction": "Introduction", "KeyFeatures": "Key features",
    "Specifications": "Specifications",
    "UsageGuide": "How to use", "Comparison": "Comparison", "BrandStory": "Brand story",
    "FAQ": "FAQ", "Notice": "Cautions & returns", "InfoNotice": "Product information notice",
}
TONES = {k: k.capitalize() for k in ("elegant", "natural", "professional", "warm", "casual",
                                     "friendly", "playful", "premium")}
STYLES = {"bold": "Bold", "editorial": "Editorial", "minimal": "Minimal", "natural": "Natural",
          "soft": "Soft", "warm": "Warm", "": "Default"}
STAGES = {"accepted": "Accepted", "pending": "Waiting", "planning": "Planning the page",
          "rendering": "Writing blocks and images", "assembling": "Assembling",
          "done": "Done", "failed": "Failed", "parsing": "Reading pages",
          "clustering": "Grouping sections", "templating": "Making templates",
          "loading": "Saving drafts"}
STATUSES = {"pending": "Waiting", "processing": "Generating", "completed": "Done",
            "failed": "Failed"}
PAGE_STATUSES = {"draft": "Draft", "review": "In review", "published": "Published",
                 "archived": "Archived"}
PROBLEMS = {}
FIELDS = {
    "product_data": "Product description", "product_image_url": "Product image URL",
    "features": "Features", "target_customer": "Target customer", "tone": "Tone",
    "category": "Category", "instruction": "Instruction", "prompt": "Prompt",
    "html_list": "Block HTML", "title": "Title", "status": "Status", "body": "Request body",
}
VALIDATION = {
    "missing": "This field is required.",
    "string_too_short": "Enter at least {min_length} characters.",
    "string_too_long": "Enter at most {max_length} characters.",
    "url_parsing": "Enter a valid address (http:// or https://, or a photo uploaded here).",
    "enum": "Choose one of: {expected}",
    "value_error": "Invalid value: {reason}",
    "default": "Invalid value.",
}
FETCH_REASONS = {
    "private": "Private network addresses cannot be used.",
    "credentials": "Addresses with a user name or password cannot be used.",
    "scheme": "Only web addresses (https://…) can be used.",
    "no host": "Enter a valid address.", "invalid port": "The address has an invalid port.",
    "redirects": "The address redirects too many times.",
    "does not resolve": "The address's domain cannot be found.",
    "took too long": "The address did not answer in time.",
    "answered HTTP": "The address answered with an error. Check that it opens.",
    "larger than": "The file is too large. Use a smaller file.",
}

VALUE_REASONS = {
    "private": "Private network addresses cannot be used.",
    "is local": "Private network addresses cannot be used.",
    "not a valid public address": "Enter a public internet address.",
    "credentials": "Addresses with a user name or password cannot be used.",
    "no host": "Enter a valid address.",
}
TEXT = {
    "warn.banned_removed": "Sentences and items holding a banned word were removed whole, so "
                           "no sentence changes its meaning: {items}",
    "warn.banned_block_empty": "Nothing was left in this block once the sentences holding a "
                               "banned word were removed, so it is left out of the page",
    "page.untitled": "Product page",
    "image.alt": "Product image",
    "warn.notice_incomplete": "{count} items of the product information notice are empty and "
                              "show as 'to be entered' on the page; answer the questions below "
                              "to fill them.",
    "block_label": "Block {position} · {type}",
    "image_label": "Image {position}",
    "not_found": "{what} not found.",
    "what.page": "Page", "what.task": "Task", "what.template": "Template",
    "what.product": "Product",
    "what.version": "Version", "what.image": "Image", "what.result": "Result",
    "operator_only": "Only operators can do this",
    "url_refused": "This address cannot be used: {reason}",
    "url_failed": "Could not fetch a file from this address: {reason}",
    "fetch.default": "Could not connect to the address. Check that it opens.",
    "not_an_image": "Not an image file. Upload a photo such as JPEG, PNG or WebP.",
    "image_too_large": ("The photo is {width}x{height} pixels, more than the about {max_mp} "
                        "megapixels allowed. Make it smaller and upload it again."),
    "page_too_tall": ("The page is {height} px tall, more than the {max_height} px image slice "
                      "exports allow. Remove some blocks or export it as HTML."),
    "feature_not_installed": "This feature is not available on this server: {reason}",
    "input_check": "Please check your input",
    "fail.mining": "The template mining job did not finish",
    "mining.no_files": "Upload at least one HTML or ZIP file.",
    "mining.too_many_files": "At most {limit} files per upload.",
    "mining.file_type": "{name}: only .html, .htm or .zip files.",
    "mining.page_too_large": "{name}: a page must be at most {limit} bytes.",
    "mining.total_too_large": "The unpacked corpus is larger than {limit} bytes.",
    "mining.too_many_pages": "At most {limit} pages.",
    "mining.bad_zip": "{name}: not a valid ZIP file.",
    "mining.encrypted": "{name}: encrypted ZIP files cannot be read.",
    "mining.bad_name": "{name}: the file name is not valid.",
    "mining.no_pages": "The upload holds no .html pages.",
    "provider.offline_instruction": "In offline mode instructions cannot be followed: "
                                    "regenerating may give the same text.",
    "edit.no_block": "This page has no block {position}.",
    "edit.too_many_blocks": "A page holds at most 20 blocks.",
    "edit.last_block": "The last block of a page cannot be deleted.",
    "edit.bad_order": "The order must list every block of the page exactly once.",
    "edit.no_image": "This page has no image {position}.",
    "edit.needs_reference": "Editing an image needs a reference image address.",
    "edit.block_count": "The number of blocks must stay the same; add or delete blocks with "
                        "the block operations.",
    "edit.version_mismatch": "This version's block list does not match its content.",
    "edit.no_notice": "This page has no product information notice block.",
    "edit.template_missing": "The chosen template was not found. Pick one from the list again.",
    "edit.template_type": "The chosen template is for '{template_type}' blocks, not "
                          "'{block_type}' blocks.",
    "edit.no_template": "There is no template for '{block_type}' blocks.",
    "edit.no_state": "This page has no stored generation state to edit from. Generate it again.",
    "edit.image_in_page": "This image belongs to a page: replace it through the page instead.",
    "error.broker_unavailable": "The message broker cannot be reached, so the request was "
                                "not accepted. Please try again shortly.",
    "error.database_unavailable": "The database cannot be reached. Please try again shortly.",
    "error.conflict": "The request refers to something that does not exist or conflicts with "
                      "stored data.",
    "error.unstorable": "A value cannot be stored (a control character or a number too "
                        "large). Please check your input.",
}
