def can_edit_post(user, post) -> bool:
    """Authors edit their own posts; staff edit any."""
    return user.is_authenticated and (user.is_staff or post.author_id == user.pk)
